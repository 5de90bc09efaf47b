package dev.sessionkeeper.bench;

import java.io.Serializable;
import java.util.List;

/**
 * The workload's shopping cart: a record, as an application would keep it. sessionkeeper stores
 * it as JSON under a registered alias; Spring Session with its default serializer (JDK
 * serialization), which is why it is {@link Serializable}.
 *
 * @param items what is in it
 */
public record Cart(List<Item> items) implements Serializable {

    /**
     * One line of the cart.
     *
     * @param sku the product
     * @param quantity how many
     * @param priceCents unit price
     */
    public record Item(String sku, int quantity, long priceCents) implements Serializable {
    }
}
