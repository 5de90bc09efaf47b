package dev.sessionkeeper.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the scenario classes that fail on purpose unless EngineTestKit runs them with {@link #PARAMETER}, so a
 * build that discovers them anyway (an IDE running a whole package) does not report their failures.
 */
final class OnlyInEngineTestKit implements ExecutionCondition {

    static final String PARAMETER = "sessionkeeper.testkit.scenarios";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
                ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                : ConditionEvaluationResult.disabled("scenario for EngineTestKit only");
    }
}
