import type { StageGroup } from '@callboard/contracts';
import { defineMessages, type MessageDescriptor } from 'react-intl';

/** A stage's group (what the board and the reports count it as), in words. */
export const STAGE_GROUP_MESSAGES: Record<StageGroup, MessageDescriptor> = defineMessages({
  inbox: { id: 'admin.stageGroup.inbox', defaultMessage: 'Inbox' },
  marketing: { id: 'admin.stageGroup.marketing', defaultMessage: 'Marketing' },
  active: { id: 'admin.stageGroup.active', defaultMessage: 'Active' },
  won: { id: 'admin.stageGroup.won', defaultMessage: 'Won' },
  lost: { id: 'admin.stageGroup.lost', defaultMessage: 'Lost' },
});
