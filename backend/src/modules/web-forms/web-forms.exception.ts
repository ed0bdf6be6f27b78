import { AppException } from '../../common/errors/app.exception';

export class WebFormException extends AppException {}
