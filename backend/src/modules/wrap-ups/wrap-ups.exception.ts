import { AppException } from '../../common/errors/app.exception';

export class WrapUpException extends AppException {}
