package dev.sessionkeeper.bench;

/** One benchmark of the workload, run against any {@link BenchSystem}. */
interface Workload {

    /** Short name, as {@code --only} takes it. */
    String name();

    void run(BenchContext context, BenchSystem.Factory system, Results results) throws Exception;
}
