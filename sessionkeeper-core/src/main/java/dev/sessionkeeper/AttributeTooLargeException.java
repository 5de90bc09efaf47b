package dev.sessionkeeper;

/**
 * An attribute, or the session as a whole, would exceed its configured size limit once
 * encoded. Thrown by {@link Session#set} before anything is written, so the session keeps
 * its previous value.
 */
public final class AttributeTooLargeException extends SessionKeeperException {

    private static final long serialVersionUID = 1L;

    /** The refused attribute's name, part of the serialized form. */
    private final String attribute;

    /**
     * Thrown by the store when a value or the whole session would exceed its size limit.
     *
     * @param attribute the attribute whose value was refused
     * @param message what was refused and which limit it broke
     */
    public AttributeTooLargeException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    /**
     * The name of the attribute whose value was refused.
     *
     * @return the attribute name, never {@code null}
     */
    public String attribute() {
        return attribute;
    }
}
