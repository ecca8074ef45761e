package com.example.inventory

import kotlin.test.Test
import kotlin.test.assertEquals

class ItemControllerTests {
    @Test
    fun `finds an item by sku`() {
        assertEquals(300, ItemController().one("A-200").body?.stock)
    }
}
