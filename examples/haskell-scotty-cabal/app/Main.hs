{-# LANGUAGE OverloadedStrings #-}
module Main (main) where

import Web.Scotty

-- Scotty listens on every interface.
main :: IO ()
main = scotty 3001 $
  get "/" $ text "hello from haskell-scotty-cabal"
