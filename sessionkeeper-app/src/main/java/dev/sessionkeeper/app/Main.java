package dev.sessionkeeper.app;

/** Entry point of the sessionkeeper command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("sessionkeeper");
    }
}
