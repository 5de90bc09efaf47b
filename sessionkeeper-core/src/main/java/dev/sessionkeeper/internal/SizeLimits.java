package dev.sessionkeeper.internal;

/** Bounds on encoded sizes, checked when an attribute is set, before anything is written. */
public record SizeLimits(int maxAttributeBytes, int maxSessionBytes) {
}
