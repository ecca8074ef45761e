(ns greeter.core
  (:require [ring.adapter.jetty :as jetty])
  (:gen-class))

(defn handler [_request]
  {:status 200
   :headers {"Content-Type" "text/plain"}
   :body "hello from clojure-ring-lein"})

;; The port the platform gives, else 3001.
(defn -main [& _args]
  (let [port (Integer/parseInt (or (System/getenv "PORT") "3001"))]
    (jetty/run-jetty handler {:port port :join? false})))
