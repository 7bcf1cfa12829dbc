using Spectre.Console;
using TaskGateway.Cli;

// taskgateway-cli get, list, watch and health: see `taskgateway-cli --help`.
return await CliApp.RunAsync(args, AnsiConsole.Console);
