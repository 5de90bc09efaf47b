package dev.sessionkeeper.servlet;

class JettyFilterTest extends FilterContract {

    @Override
    Container container() {
        return new JettyContainer();
    }
}
