/**
 * Spring Session on the sessionkeeper store: the servlet and reactive repositories, events as
 * Spring application events, and a Spring Security session registry. Exports
 * {@link dev.sessionkeeper.spring.session} only.
 *
 * <p>Spring Security and Reactor are optional: an application without them never loads the
 * classes that use them.
 */
// Spring's jars are automatic modules (named by their manifests).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.sessionkeeper.spring.session {
    exports dev.sessionkeeper.spring.session;

    requires transitive dev.sessionkeeper;
    requires transitive spring.session.core;
    requires transitive spring.context;
    requires com.fasterxml.jackson.databind;
    requires static transitive spring.security.core;
    requires static transitive reactor.core;
}
