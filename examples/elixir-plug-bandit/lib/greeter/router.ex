defmodule Greeter.Router do
  use Plug.Router

  plug Plug.Logger
  plug :match
  plug Plug.Parsers, parsers: [:json], pass: ["application/json"], json_decoder: Jason
  plug :dispatch

  get "/" do
    send_resp(conn, 200, Greeter.greeting())
  end

  get "/health" do
    conn
    |> put_resp_content_type("application/json")
    |> send_resp(200, Jason.encode!(%{status: "ok"}))
  end

  post "/greet" do
    name = Map.get(conn.body_params, "name", "stranger")
    send_resp(conn, 200, "hello, #{name}")
  end

  match _ do
    send_resp(conn, 404, "not found")
  end
end
