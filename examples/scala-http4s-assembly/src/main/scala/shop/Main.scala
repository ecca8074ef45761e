package shop

import cats.effect.{IO, IOApp}
import com.comcast.ip4s.*
import org.http4s.HttpRoutes
import org.http4s.dsl.io.*
import org.http4s.ember.server.EmberServerBuilder

object Main extends IOApp.Simple:
  private val routes = HttpRoutes.of[IO] { case GET -> Root => Ok("hello from scala-http4s-assembly") }

  // Ember binds localhost unless told otherwise: every interface, so the container's port answers.
  def run: IO[Unit] =
    EmberServerBuilder
      .default[IO]
      .withHost(ipv4"0.0.0.0")
      .withPort(port"8081")
      .withHttpApp(routes.orNotFound)
      .build
      .useForever
