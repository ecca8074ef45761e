defmodule Tally.MixProject do
  use Mix.Project

  def project do
    [app: :tally, version: "0.1.0", elixir: "~> 1.12", deps: deps(), releases: [tally: []]]
  end

  def application do
    [extra_applications: [:logger], mod: {Tally.Application, []}]
  end

  defp deps do
    [{:plug_cowboy, "~> 2.6"}]
  end
end
