/**
 * sessionkeeper's servlet filter: a Jakarta Servlet 6 {@code HttpSession} backed by the store.
 * Exports {@link dev.sessionkeeper.servlet} only; reads the store's API module, which a
 * module using the filter reads too.
 */
// Netty's common classes (for the container threads' cleanup) come as an automatic module.
@SuppressWarnings("requires-automatic")
module dev.sessionkeeper.servlet {
    exports dev.sessionkeeper.servlet;

    requires transitive dev.sessionkeeper;
    requires transitive jakarta.servlet;
    requires io.netty.common;
    requires org.slf4j;

    provides jakarta.servlet.ServletContainerInitializer with dev.sessionkeeper.servlet.SessionListenerDiscovery;
}
