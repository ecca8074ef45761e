name := "notes"
organization := "org.example"
version := "1.0.0"
scalaVersion := "2.13.15"

lazy val root = (project in file(".")).enablePlugins(PlayScala)

libraryDependencies += guice
