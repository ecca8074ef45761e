//// A tiny Wisp app: answers every request with a greeting.

import gleam/erlang/process
import mist
import wisp.{type Request, type Response}
import wisp/wisp_mist

pub fn main() {
  wisp.configure_logger()
  let secret_key_base = wisp.random_string(64)
  let assert Ok(_) =
    wisp_mist.handler(handle_request, secret_key_base)
    |> mist.new
    |> mist.bind("0.0.0.0")
    |> mist.port(8000)
    |> mist.start
  process.sleep_forever()
}

fn handle_request(_req: Request) -> Response {
  wisp.ok()
  |> wisp.string_body("hello from gleam-wisp\n")
}
