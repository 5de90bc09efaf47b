package dev.sessionkeeper.servlet;

class TomcatFilterTest extends FilterContract {

    @Override
    Container container() {
        return new TomcatContainer();
    }
}
