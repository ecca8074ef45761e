document.title = "ledger";
