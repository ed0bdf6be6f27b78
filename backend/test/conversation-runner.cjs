// Runs ConversationService.analyseRecording from backend/dist in a process of its own (NestJS is
// ESM-only, which jest cannot load), against a test world's database, as the recordings module
// will. Socket sends are recorded instead of sent. argv[2]: JSON { databaseUrl, input }.
// Prints one JSON line: { outcome, sent } (or { error }).
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { Transactions } = require('../dist/common/database/transactions');
const { ConversationRepository } = require('../dist/modules/conversation/conversation.repository');
const { ConversationService } = require('../dist/modules/conversation/conversation.service');

async function main() {
  const { databaseUrl, input } = JSON.parse(process.argv[2]);
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, entities: [], extra: { max: 2 } });
  await dataSource.initialize();
  const sent = [];
  const realtime = {
    toRooms: (rooms, event, payload) => sent.push({ rooms, event, payload }),
    figuresChanged: (rooms, scope) => sent.push({ rooms, event: 'figures.changed', payload: { scope } }),
  };
  const tx = new Transactions(dataSource);
  const service = new ConversationService(new ConversationRepository(tx), tx, realtime);
  try {
    const outcome = await service.analyseRecording(input);
    process.stdout.write(`${JSON.stringify({ outcome, sent })}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: String(err && err.message) })}\n`);
  } finally {
    await dataSource.destroy();
  }
}
main();
