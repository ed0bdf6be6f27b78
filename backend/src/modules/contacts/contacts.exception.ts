import { AppException } from '../../common/errors/app.exception';

export class ContactException extends AppException {}
