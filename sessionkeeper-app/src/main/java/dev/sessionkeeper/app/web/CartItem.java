package dev.sessionkeeper.app.web;

import java.math.BigDecimal;

/** One line of the demo's shopping cart. */
public record CartItem(String sku, String name, int quantity, BigDecimal unitPrice) {

    BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
