import { REST, Routes } from "discord.js";
import { ConfigError, loadConfig, requireDiscord } from "../core/config/env.js";
import { COMMANDS } from "./commands.js";
import { inviteUrl } from "./invite.js";

/**
 * Deploys the bot's commands: to one guild when DISCORD_GUILD_ID is set (instant, for development),
 * globally otherwise. Replaces the whole set, so a removed command disappears.
 */
export async function registerCommands(settings: ReturnType<typeof requireDiscord>): Promise<number> {
  const rest = new REST({ api: settings.apiUrl }).setToken(settings.token);
  const route = settings.guildId === undefined ? Routes.applicationCommands(settings.applicationId) : Routes.applicationGuildCommands(settings.applicationId, settings.guildId);
  const registered = (await rest.put(route, { body: COMMANDS })) as unknown[];
  return registered.length;
}

if (import.meta.url === `file://${process.argv[1] ?? ""}`) {
  try {
    const settings = requireDiscord(loadConfig());
    const count = await registerCommands(settings);
    process.stdout.write(`registered ${count} command(s) ${settings.guildId === undefined ? "globally" : `in guild ${settings.guildId}`}\n`);
    process.stdout.write(`invite the bot with ${inviteUrl(settings.applicationId)}\n`);
  } catch (err) {
    process.stderr.write(`standpoint register: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  }
}
