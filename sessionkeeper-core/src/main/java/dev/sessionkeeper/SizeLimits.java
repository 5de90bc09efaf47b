package dev.sessionkeeper;

/** Bounds on encoded sizes, checked when an attribute is set, before anything is written. */
record SizeLimits(int maxAttributeBytes, int maxSessionBytes) {
}
