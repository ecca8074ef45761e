defmodule Stream.MixProject do
  use Mix.Project

  def project do
    [app: :stream, version: "0.1.0", elixir: "~> 1.17", deps: deps(), releases: [stream: []]]
  end

  def application do
    [mod: {Stream.Application, []}, extra_applications: [:logger]]
  end

  defp deps do
    [
      {:phoenix, "~> 1.7"},
      {:bandit, "~> 1.5"},
      {:grpc, "~> 0.9"},
      {:jason, "~> 1.4"}
    ]
  end
end
