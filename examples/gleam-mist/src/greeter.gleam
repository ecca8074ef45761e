//// A tiny HTTP server: answers every request with a greeting.

import gleam/bytes_tree
import gleam/erlang/process
import gleam/http/request.{type Request}
import gleam/http/response.{type Response}
import mist.{type Connection, type ResponseData}

const port = 8000

pub fn main() {
  let assert Ok(_) =
    fn(_req: Request(Connection)) -> Response(ResponseData) {
      response.new(200)
      |> response.set_body(
        mist.Bytes(bytes_tree.from_string("hello from gleam-mist\n")),
      )
    }
    |> mist.new
    |> mist.bind("0.0.0.0")
    |> mist.port(port)
    |> mist.start
  process.sleep_forever()
}
