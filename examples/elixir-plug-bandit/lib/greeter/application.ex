defmodule Greeter.Application do
  @moduledoc false

  use Application
  require Logger

  @impl true
  def start(_type, _args) do
    port = String.to_integer(System.get_env("PORT") || "4001")

    children = [
      {Bandit, plug: Greeter.Router, scheme: :http, port: port}
    ]

    Logger.info("greeter listening on port #{port}")
    Supervisor.start_link(children, strategy: :one_for_one, name: Greeter.Supervisor)
  end
end
