import { generateCorpus } from './tooling/logs/corpus';
(async () => {
  const s = await generateCorpus({ root: process.argv[2], accounts: ['111111111111', '222222222222'], externalAccounts: ['999999999999'], regions: ['us-east-1', 'eu-west-1'], recordsPerFile: 1000, hours: 25, filesPerHour: 2 });
  console.log(s.records, s.logFiles.length);
})();
