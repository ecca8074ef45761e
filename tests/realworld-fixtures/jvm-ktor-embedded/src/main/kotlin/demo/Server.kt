package demo

import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing

fun main() {
    embeddedServer(Netty, port = 8282, host = "0.0.0.0") {
        routing { get("/") { call.respondText("up") } }
    }.start(wait = true)
}
