import { CrmCore1732300000000 } from './1732300000000-crm-core';
import { DefaultPipeline1732300000001 } from './1732300000001-default-pipeline';
import { CallsAndTasks1732300000002 } from './1732300000002-calls-and-tasks';
import { BoardIndexes1732300000010 } from './1732300000010-board-indexes';
import { SalesProcess1732300000020 } from './1732300000020-sales-process';
import { PresenceOnCall1732300000040 } from './1732300000040-presence-on-call';
import { AutomationOutbox1732300000050 } from './1732300000050-automation-outbox';
import { QualificationList1732300000060 } from './1732300000060-qualification-list';
import { CallTransfers1732300000070 } from './1732300000070-call-transfers';
import { SipDevices1732300000080 } from './1732300000080-sip-devices';
import { SessionsAndLoginThrottle1732300000090 } from './1732300000090-sessions-and-login-throttle';
import { DialPolicy1732300000100 } from './1732300000100-dial-policy';
import { CallEndReason1732300000110 } from './1732300000110-call-end-reason';
import { UniqueContactPhone1732300000111 } from './1732300000111-unique-contact-phone';
import { UnclaimedCallBacks1732300000130 } from './1732300000130-unclaimed-call-backs';
import { SipRegistrations1732300000140 } from './1732300000140-sip-registrations';
import { GlobalSearch1732300000150 } from './1732300000150-global-search';
import { SearchByAnyWord1732300000155 } from './1732300000155-search-by-any-word';
import { BoardCards1732300000165 } from './1732300000165-board-cards';
import { TodayDismissals1732300000173 } from './1732300000173-today-dismissals';
import { DealTags1732300000180 } from './1732300000180-deal-tags';
import { ExpectedClose1732300000185 } from './1732300000185-expected-close';
import { Reports1732300000190 } from './1732300000190-reports';
import { WallboardTokens1732300000195 } from './1732300000195-wallboard-tokens';
import { ReportSummaries1732300000200 } from './1732300000200-report-summaries';
import { ReportRecordIndexes1732300000201 } from './1732300000201-report-record-indexes';
import { ReportIndexes1732300000196 } from './1732300000196-report-indexes';
import { Languages1732300000210 } from './1732300000210-languages';
import { OpenDealOnAnswer1732300000220 } from './1732300000220-open-deal-on-answer';
import { CallWrapUps1732300000221 } from './1732300000221-call-wrap-ups';
import { Recordings1732300000222 } from './1732300000222-recordings';
import { AttendedTransfers1732300000223 } from './1732300000223-attended-transfers';
import { CallConversations1732300000224 } from './1732300000224-call-conversations';
import { Imports1732300000238 } from './1732300000238-imports';
import { InboxActions1732300000226 } from './1732300000226-inbox-actions';
import { WebForms1732300000228 } from './1732300000228-web-forms';
import { ApiKeys1732300000230 } from './1732300000230-api-keys';
import { Webhooks1732300000234 } from './1732300000234-webhooks';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [
  CrmCore1732300000000,
  DefaultPipeline1732300000001,
  CallsAndTasks1732300000002,
  BoardIndexes1732300000010,
  SalesProcess1732300000020,
  PresenceOnCall1732300000040,
  AutomationOutbox1732300000050,
  QualificationList1732300000060,
  CallTransfers1732300000070,
  SipDevices1732300000080,
  SessionsAndLoginThrottle1732300000090,
  DialPolicy1732300000100,
  CallEndReason1732300000110,
  UniqueContactPhone1732300000111,
  UnclaimedCallBacks1732300000130,
  SipRegistrations1732300000140,
  GlobalSearch1732300000150,
  SearchByAnyWord1732300000155,
  BoardCards1732300000165,
  TodayDismissals1732300000173,
  DealTags1732300000180,
  ExpectedClose1732300000185,
  Reports1732300000190,
  WallboardTokens1732300000195,
  ReportIndexes1732300000196,
  ReportSummaries1732300000200,
  ReportRecordIndexes1732300000201,
  Languages1732300000210,
  OpenDealOnAnswer1732300000220,
  CallWrapUps1732300000221,
  Recordings1732300000222,
  AttendedTransfers1732300000223,
  CallConversations1732300000224,
  InboxActions1732300000226,
  WebForms1732300000228,
  ApiKeys1732300000230,
  Webhooks1732300000234,
  Imports1732300000238,
];
