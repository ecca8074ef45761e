defmodule Stream.Application do
  use Application

  @impl true
  def start(_type, _args) do
    children = [StreamWeb.Endpoint]
    Supervisor.start_link(children, strategy: :one_for_one, name: Stream.Supervisor)
  end
end
