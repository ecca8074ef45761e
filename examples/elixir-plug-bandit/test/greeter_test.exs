defmodule GreeterTest do
  use ExUnit.Case, async: true
  import Plug.Test

  test "the root path greets" do
    conn = Greeter.Router.call(conn(:get, "/"), Greeter.Router.init([]))
    assert conn.status == 200
    assert conn.resp_body == "hello from elixir-plug-bandit"
  end
end
