package com.example.inventory

import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController

data class Item(val sku: String, val name: String, val stock: Int)

@RestController
class ItemController {
    private val items = listOf(
        Item("A-100", "bolt", 120),
        Item("A-200", "nut", 300),
    ).associateBy { it.sku }

    @GetMapping("/")
    fun index() = "hello from kotlin-spring-gradle"

    @GetMapping("/items")
    fun all(): Collection<Item> = items.values

    @GetMapping("/items/{sku}")
    fun one(@PathVariable sku: String): ResponseEntity<Item> =
        items[sku]?.let { ResponseEntity.ok(it) } ?: ResponseEntity.notFound().build()
}
