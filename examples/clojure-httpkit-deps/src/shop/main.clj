(ns shop.main
  (:require [org.httpkit.server :as http])
  (:gen-class))

(defn app [_request]
  {:status 200
   :headers {"Content-Type" "text/plain"}
   :body "hello from clojure-httpkit-deps"})

(defn -main [& _args]
  (http/run-server app {:ip "0.0.0.0" :port 8080})
  @(promise))
