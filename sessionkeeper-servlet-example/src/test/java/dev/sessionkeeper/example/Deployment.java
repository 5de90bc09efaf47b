package dev.sessionkeeper.example;

import java.util.List;

/** A servlet container that the WAR is deployed into, redeployed and undeployed, with what it shows of leaks. */
interface Deployment extends AutoCloseable {

    /** Deploys the WAR (or, when it is deployed, redeploys it: a new class loader) at /example. */
    void deploy() throws Exception;

    void undeploy() throws Exception;

    /** Where /example is, e.g. {@code http://127.0.0.1:12345/example}. */
    String url();

    /** How many web-application class loaders of the example are alive after a full GC. */
    int liveClassLoaders() throws Exception;

    /** The names of the container's live threads. */
    List<String> threadNames() throws Exception;

    /** What the container and the application logged so far. */
    String log() throws Exception;

    @Override
    void close() throws Exception;
}
