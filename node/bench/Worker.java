import dev.sessionkeeper.expiry.ExpiryWorker;
import dev.sessionkeeper.SessionStore;

/** The Java expiry worker for the Node benchmark: java -cp <core classpath> Worker.java <url> <namespace> <shards> <seconds> */
public class Worker {
    public static void main(String[] args) throws Exception {
        try (SessionStore store = SessionStore.builder().redis(args[0]).namespace(args[1]).shards(Integer.parseInt(args[2])).build();
             ExpiryWorker worker = store.expiryWorker().start()) {
            System.out.println("worker running");
            Thread.sleep(Long.parseLong(args[3]) * 1000);
        }
    }
}
