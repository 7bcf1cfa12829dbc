using Spectre.Console;
using TaskGateway.Cli;

// taskgateway-cli get, list, watch, wait, health, subscribe and subscriptions: see `taskgateway-cli --help`.
return await CliApp.RunAsync(args, AnsiConsole.Console);
