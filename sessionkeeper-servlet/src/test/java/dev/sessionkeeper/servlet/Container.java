package dev.sessionkeeper.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;

/** An embedded servlet container running one filter in front of one servlet on a free port. */
interface Container extends AutoCloseable {

    /** Starts it and returns the base URL, e.g. {@code http://127.0.0.1:12345}. */
    String start(Filter filter, HttpServlet servlet) throws Exception;

    @Override
    void close() throws Exception;
}
