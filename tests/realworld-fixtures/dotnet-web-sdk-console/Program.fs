open System

printfn "counted %d lines" (Console.In.ReadToEnd().Split('\n').Length)
