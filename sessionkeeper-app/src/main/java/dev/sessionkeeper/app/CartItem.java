package dev.sessionkeeper.app;

import java.math.BigDecimal;

/** One line of the demo's shopping cart. */
record CartItem(String sku, String name, int quantity, BigDecimal unitPrice) {

    BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
