defmodule Hub.Application do
  use Application

  @impl true
  def start(_type, _args) do
    Supervisor.start_link([HubWeb.Endpoint], strategy: :one_for_one, name: Hub.Supervisor)
  end
end
