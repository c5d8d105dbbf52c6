from . import credit_risk_report
