import type { Command } from "commander";
import { parseSimulatorCliOptions, simulatorSummary, startSimulator } from "../../venues/simulator/index.ts";
import { collect } from "../output.ts";

/** `hlbot simulator --port N --account ADDRESS=USDC ... [--data FILE ...] [--speed X]`. */
export function registerSimulatorCommand(program: Command): void {
  program
    .command("simulator")
    .description(
      "run the local Hyperliquid-compatible exchange (POST /info, POST /exchange, WebSocket /ws) on replayed candles; the unmodified SDK works against it",
    )
    .option("--port <n>", "TCP port (0 picks a free one)", "8090")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--account <address=usdc>", "fund an account, e.g. 0xabc…=10000; repeatable", collect, [])
    .option(
      "--data <[coin=]file>",
      "candle CSV driving a market (e.g. ../shared/data/BTC-PERP-hyperliquid-1h-…csv); repeatable",
      collect,
      [],
    )
    .option("--speed <bars-per-second>", "replay speed in bars per second (0 pauses)", "1")
    .option("--start-bar <n>", "first bar to replay (earlier bars are history)")
    .option("--network <network>", "signature chain accepted: mainnet, testnet or either", "either")
    .action(
      async (flags: {
        port: string;
        host: string;
        account: string[];
        data: string[];
        speed: string;
        startBar?: string;
        network: string;
      }) => {
        const options = parseSimulatorCliOptions({
          port: flags.port,
          host: flags.host,
          account: flags.account,
          data: flags.data,
          speed: flags.speed,
          ...(flags.startBar !== undefined ? { startBar: flags.startBar } : {}),
          network: flags.network as "mainnet" | "testnet" | "either",
        });
        const simulator = await startSimulator(options);
        process.stderr.write(`${simulatorSummary(simulator, options).join("\n")}\nPress Ctrl-C to stop.\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            simulator.close().finally(resolve);
          };
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      },
    );
}
