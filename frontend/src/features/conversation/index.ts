export { CallConversationFigures, CallConversationToggle, ConversationFigures } from './components/call-conversation';
export { useCallConversation } from './hooks/use-call-conversation';
export { conversationKeys, fetchCallConversation } from './api/conversation-api';
