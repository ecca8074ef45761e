defmodule StorefrontWeb.PageController do
  use StorefrontWeb, :controller

  def home(conn, _params) do
    text(conn, "hello from elixir-phoenix")
  end

  def health(conn, _params) do
    json(conn, %{status: "ok"})
  end
end
