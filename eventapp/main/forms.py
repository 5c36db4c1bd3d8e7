from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from ..models import Language


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=Language.choices(), validators=[DataRequired()])
    next = HiddenField()
