defmodule Greeter do
  @moduledoc """
  A small HTTP service: a Plug router served by Bandit.
  """

  @doc "The greeting the root path answers with."
  def greeting, do: "hello from elixir-plug-bandit"
end
