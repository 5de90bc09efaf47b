package dev.sessionkeeper.app.ops;

/**
 * One finding of {@code doctor}: what was checked, what was found, and, unless it is fine, what to do.
 *
 * @param fix empty when nothing needs doing
 */
public record Check(Status status, String title, String finding, String fix) {

    public enum Status {
        OK("ok  "),
        WARN("warn"),
        FAIL("FAIL");

        public final String label;

        Status(String label) {
            this.label = label;
        }
    }

    static Check ok(String title, String finding) {
        return new Check(Status.OK, title, finding, "");
    }

    static Check warn(String title, String finding, String fix) {
        return new Check(Status.WARN, title, finding, fix);
    }

    static Check fail(String title, String finding, String fix) {
        return new Check(Status.FAIL, title, finding, fix);
    }
}
