defmodule Worker.Application do
  # An OTP app that talks to a database and serves nothing.
  use Application

  def start(_type, _args) do
    Supervisor.start_link([Worker.Repo], strategy: :one_for_one)
  end
end
