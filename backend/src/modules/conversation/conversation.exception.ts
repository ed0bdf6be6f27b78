import { AppException } from '../../common/errors/app.exception';

export class ConversationException extends AppException {}
