package dev.sessionkeeper.app.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's shopping cart: an application record that the session stores as JSON under the alias
 * {@code cart}, registered with the codec (see {@link DemoCommand}).
 */
public record Cart(List<CartItem> items) {

    public static final String ALIAS = "cart";

    public Cart {
        items = List.copyOf(items);
    }

    public Cart with(CartItem item) {
        List<CartItem> more = new ArrayList<>(items);
        more.add(item);
        return new Cart(more);
    }

    BigDecimal total() {
        return items.stream().map(CartItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** E.g. "3 items, 58.40 EUR". */
    public String describe() {
        return items.size() + " items, " + total() + " EUR";
    }
}
