{-# LANGUAGE DataKinds, TypeOperators #-}
module Main (main) where

import Data.Proxy (Proxy (..))
import Network.Wai.Handler.Warp (run)
import Servant

type Api = Get '[PlainText] String

server :: Server Api
server = pure "hello from haskell-servant-stack"

main :: IO ()
main = run 8081 (serve (Proxy :: Proxy Api) server)
